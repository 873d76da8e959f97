package org.ftp2sms.dispatcher;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;

/**
 * The fields of one submit_sm, ready for {@code SMPPSession.submitShortMessage}; {@code validityPeriod} in SMPP 3.4
 * §7.1.1 absolute form, or null for the SMSC's default.
 */
record SubmitPdu(SenderAddress source, TypeOfNumber destTon, NumberingPlanIndicator destNpi, String destination,
                 byte esmClass, byte dataCoding, byte[] shortMessage, OptionalParameter[] optionalParameters,
                 String validityPeriod) {
}
