package org.ftp2sms.dispatcher;

import org.jsmpp.SMPPConstant;

import java.util.Map;

/** A person-readable name for the command_status of a refused submit_sm (the status itself is 801-submit-refused). */
final class SubmitErrors {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(SMPPConstant.STAT_ESME_RINVMSGLEN, "ESME_RINVMSGLEN (message length invalid)"),
            Map.entry(SMPPConstant.STAT_ESME_RINVSRCADR, "ESME_RINVSRCADR (sender refused)"),
            Map.entry(SMPPConstant.STAT_ESME_RINVDSTADR, "ESME_RINVDSTADR (destination invalid)"),
            Map.entry(SMPPConstant.STAT_ESME_RINVESMCLASS, "ESME_RINVESMCLASS"),
            Map.entry(SMPPConstant.STAT_ESME_RSUBMITFAIL, "ESME_RSUBMITFAIL (submit failed)"),
            Map.entry(SMPPConstant.STAT_ESME_RINVSRCTON, "ESME_RINVSRCTON (sender type of number refused)"),
            Map.entry(SMPPConstant.STAT_ESME_RINVDSTTON, "ESME_RINVDSTTON"),
            Map.entry(SMPPConstant.STAT_ESME_RSYSERR, "ESME_RSYSERR (SMSC system error)"));

    private SubmitErrors() {
    }

    static String describe(int commandStatus) {
        return NAMES.getOrDefault(commandStatus, "command status 0x" + Integer.toHexString(commandStatus));
    }
}
