/**
 * The web console on the admin API's port: sign-in with the admin token into an {@code HttpOnly},
 * {@code SameSite=Strict} session cookie with a CSRF token ({@link org.ftp2sms.admin.console.ConsoleSessions}), and
 * the page and its ES modules ({@link org.ftp2sms.admin.console.ConsoleRoutes}, files under
 * {@code src/main/resources/console/}), which call {@code /api/v1} like any other client.
 */
package org.ftp2sms.admin.console;
