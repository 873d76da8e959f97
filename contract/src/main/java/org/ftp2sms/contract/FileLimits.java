package org.ftp2sms.contract;

/**
 * The file rules' limits (DESIGN.md, "File rules"): the gateway cuts an upload off past {@link #MAX_BYTES} and
 * the splitter rejects a larger file or one with more than {@link #MAX_DATA_ROWS} data rows. Both read the
 * same variables ({@code FTP2SMS_MAX_FILE_BYTES}, {@code FTP2SMS_MAX_FILE_ROWS}), so they cannot disagree.
 */
public final class FileLimits {
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final int MAX_DATA_ROWS = 200_000;
    public static final String MAX_BYTES_VARIABLE = "FTP2SMS_MAX_FILE_BYTES";
    public static final String MAX_ROWS_VARIABLE = "FTP2SMS_MAX_FILE_ROWS";

    private FileLimits() {
    }
}
