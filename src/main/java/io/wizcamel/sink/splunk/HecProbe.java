package io.wizcamel.sink.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Reads HEC's answer to --test-connection's empty POST: HEC checks the token first, then answers "No data" (code
 * 5), so that answer means reachable and the token accepted; anything else is read as a batch's answer would be.
 */
public class HecProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HecEvents events;
    private final HecAnswer answer;

    public HecProbe(HecEvents events) {
        this.events = events;
        this.answer = new HecAnswer(events);
    }

    public String check(@Header("CamelHttpResponseCode") Integer status, @Body String body) {
        int code = -1;
        try {
            JsonNode a = JSON.readTree(body == null ? "" : body);
            code = a == null ? -1 : a.path("code").asInt(-1);
        } catch (Exception e) {
            // not HEC's JSON: the answer check says what it is
        }
        if ((status != null && status == 400 && code == 5) || (status != null && status == 200)) {
            return "HEC at " + events.url() + " accepted the token";
        }
        answer.check(status, body, null);
        return "HEC at " + events.url() + " answered HTTP " + status;
    }
}
