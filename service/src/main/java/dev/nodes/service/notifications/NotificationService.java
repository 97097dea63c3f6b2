package dev.nodes.service.notifications;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.TimeKeyset;
import dev.nodes.service.notifications.NotificationRepository.Inbox;
import dev.nodes.service.notifications.NotificationRepository.NewNotification;
import dev.nodes.service.notifications.NotificationRepository.SendResult;
import java.util.Optional;
import java.util.UUID;

/** The rules of a user's notifications: only the owner reads a receipt; an event is delivered once. */
public final class NotificationService {
    private final NotificationRepository notifications;

    public NotificationService(Database database) {
        this.notifications = new NotificationRepository(database);
    }

    Inbox inbox(UUID userId, String placement, boolean unreadOnly, Optional<TimeKeyset> after, int limit) {
        return notifications.list(userId, placement, unreadOnly, after, limit);
    }

    long unreadCount(UUID userId, String placement) {
        return notifications.unreadCount(userId, placement);
    }

    /** Another user's receipt is as unknown as a missing one (404). */
    Notification markRead(UUID userId, UUID receiptId) {
        return notifications.markRead(userId, receiptId).orElseThrow(() -> ApiException.notFound("notification"));
    }

    long markAllRead(UUID userId, Optional<String> placement) {
        return notifications.markAllRead(userId, placement);
    }

    /** A new notification (created), or the one its {@code event_id} was sent with before (not created). */
    SendResult send(NewNotification notification) {
        Optional<UUID> inserted = notifications.insert(notification);
        if (inserted.isPresent()) {
            return new SendResult(notifications.findById(inserted.get()).orElseThrow(), true);
        }
        Notification existing = notifications
                .findByEventId(notification.eventId())
                .orElseThrow(() -> new IllegalStateException("event_id conflicted but no receipt has it"));
        return new SendResult(existing, false);
    }
}
