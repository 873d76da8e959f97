package org.ftp2sms.dispatcher;

import org.jsmpp.bean.BindType;

/** How a route binds: {@code transceiver} (the default), {@code transmitter} or {@code receiver}. */
public enum SmscBindType {
    TRANSCEIVER(BindType.BIND_TRX), TRANSMITTER(BindType.BIND_TX), RECEIVER(BindType.BIND_RX);

    private final BindType smpp;

    SmscBindType(BindType smpp) {
        this.smpp = smpp;
    }

    BindType smpp() {
        return smpp;
    }
}
