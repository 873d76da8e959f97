package org.ftp2sms.dispatcher;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;

/** The fields of one submit_sm, ready for {@code SMPPSession.submitShortMessage}. */
record SubmitPdu(SenderAddress source, TypeOfNumber destTon, NumberingPlanIndicator destNpi, String destination,
                 byte esmClass, byte dataCoding, byte[] shortMessage, OptionalParameter[] optionalParameters) {
}
