package org.ftp2sms.dispatcher;

import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Message;

/** A message read from the ready topic, where it was read, and the route it takes. */
record ReadyMessage(TopicPartition partition, long offset, Message message, String route) {
}
