package io.wizcamel.sink.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A producer interceptor that keeps the settings the sink's producer was built with, to check what reached it. */
public class RecordingInterceptor implements ProducerInterceptor<Object, Object> {

    public static final Map<String, Object> CONFIG = new ConcurrentHashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        configs.forEach((k, v) -> CONFIG.put(k, String.valueOf(v)));
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }
}
