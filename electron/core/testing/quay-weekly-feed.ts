// The small feed the backup and recovery tests subscribe to: two stories,
// "Tide tables for December" (the one they bookmark) and "Fish market opens
// late", their links on the test server's `origin`.
export const quayWeeklyFeed = (origin: string): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Weekly</title><link>${origin}/</link>
  <item><guid>tides</guid><title>Tide tables for December</title><link>${origin}/tides</link><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
    <description>Spring tides on the 4th and the 19th.</description></item>
  <item><guid>market</guid><title>Fish market opens late</title><link>${origin}/market</link><pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate>
    <description>The market opens at ten on Saturday.</description></item>
</channel></rss>`;
