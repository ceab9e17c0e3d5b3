-- One database per service (the services apply their own schemas at start-up).
CREATE DATABASE tiktok_auth;
CREATE DATABASE tiktok_video;
CREATE DATABASE tiktok_interaction;
CREATE DATABASE tiktok_notification;
CREATE DATABASE tiktok_analytics;
