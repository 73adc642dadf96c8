/*
 * Concord's service worker, for Web Push only: shows a hotline notification (a title, a minimal
 * line and a link — never the record) and opens the link when it is clicked. It caches nothing.
 */
self.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : { title: 'Concord', body: '', url: '/' };
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      data: { url: message.url },
      tag: message.url,
      requireInteraction: true,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(new URL(event.notification.data?.url ?? '/', self.location.origin).href));
});
