package org.ftp2sms.renderer;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;


/**
 * Settings of the renderer.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP} (default {@code localhost:9092}) and {@code FTP2SMS_KAFKA_CONFIG_FILE}
 * @param instanceId {@code FTP2SMS_INSTANCE_ID}, default the host name: the transactional id is
 *                   {@code renderer-<instanceId>}, so it must be stable across restarts and unique per instance
 * @param groupId    {@code FTP2SMS_RENDERER_GROUP_ID}, default {@code ftp2sms-renderer}: the consumer group of
 *                   {@code ftp2sms.rows-unique} shared by every renderer instance
 */
public record RendererSettings(KafkaSettings kafka, String instanceId, String groupId) {

    public static final String DEFAULT_GROUP_ID = "ftp2sms-renderer";

    public RendererSettings(KafkaSettings kafka, String instanceId) {
        this(kafka, instanceId, DEFAULT_GROUP_ID);
    }

    public static RendererSettings fromEnv(Env env) {
        return new RendererSettings(
                KafkaSettings.fromEnv(env),
                env.instanceId(),
                env.string("FTP2SMS_RENDERER_GROUP_ID", DEFAULT_GROUP_ID));
    }

    /** Stable per instance, so a restarted instance fences its own zombie. */
    public String transactionalId() {
        return "renderer-" + instanceId;
    }
}
