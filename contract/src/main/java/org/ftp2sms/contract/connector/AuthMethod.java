package org.ftp2sms.contract.connector;

public enum AuthMethod {
    PASSWORD,
    PUBLIC_KEY
}
