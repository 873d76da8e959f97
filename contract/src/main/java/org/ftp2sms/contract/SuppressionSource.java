package org.ftp2sms.contract;

/** What changed the suppression list: an opt-out (or opt-in) reply, or an operator through the admin API or CLI. */
public enum SuppressionSource {
    REPLY,
    ADMIN
}
