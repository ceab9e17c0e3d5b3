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

private:
    store::NotificationStore& store_;
};

}  // namespace notification::api
