#pragma once

#include "notification.grpc.pb.h"
#include "store/notification_store.hpp"

namespace notification::api {

// notification.NotificationService: a recipient's notifications, newest first.
class NotificationRpc final : public ::notification::NotificationService::Service {
public:
    explicit NotificationRpc(store::NotificationStore& store) : store_(store) {}

    grpc::Status GetNotifications(grpc::ServerContext* context, const GetNotificationsRequest* request,
                                  NotificationsListResponse* response) override;
    grpc::Status GetUnreadCount(grpc::ServerContext* context, const UserRequest* request,
                                UnreadCountResponse* response) override;
    grpc::Status MarkAsRead(grpc::ServerContext* context, const MarkAsReadRequest* request,
                            MarkAsReadResponse* response) override;
    grpc::Status MarkAllAsRead(grpc::ServerContext* context, const UserRequest* request,
                               MarkAsReadResponse* response) override;
    grpc::Status GetPreferences(grpc::ServerContext* context, const UserRequest* request,
                                PreferencesResponse* response) override;
    grpc::Status UpdatePreferences(grpc::ServerContext* context, const UpdatePreferencesRequest* request,
                                   PreferencesResponse* response) override;

private:
    store::NotificationStore& store_;
};

}  // namespace notification::api
