package org.ftp2sms.contract;

/** How a customer reaches their connector's home. */
public enum Protocol {
    SFTP,
    FTPS
}
