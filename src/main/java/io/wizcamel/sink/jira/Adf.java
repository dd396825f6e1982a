package io.wizcamel.sink.jira;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.sink.ticket.IssueText;
import io.wizcamel.sink.ticket.TicketSubject;

/**
 * Atlassian Document Format, the rich text Jira Cloud's REST API v3 takes for descriptions and comments:
 * {@code {"type":"doc","version":1,"content":[...]}}. Text nodes must not be empty, so empty values are left out.
 */
public final class Adf {

    /** Jira keeps at most 32,767 characters in a text field; each part is bounded well below that */
    static final int MAX_PART = 8000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Adf() {
    }

    /**
     * The description of a ticket: the record's facts, a link to Wiz, the resource, then the subject's sections
     * (an issue's control and remediation, a vulnerability and its remediation).
     */
    public static ObjectNode description(JsonNode record, TicketSubject subject) {
        ObjectNode doc = doc();
        ArrayNode content = (ArrayNode) doc.get("content");
        content.add(bullets(subject.facts(record)));
        String url = IssueText.text(record, "url");
        if (url != null) {
            content.add(paragraph(link("Open in Wiz", url)));
        }
        content.add(heading("Resource"));
        ObjectNode resource = bullets(IssueText.resourceFacts(record));
        String console = IssueText.text(record.path("resource"), "consoleUrl");
        if (console != null) {
            ((ArrayNode) resource.get("content")).add(listItem(paragraph(text("Console: "), link(console, console))));
        }
        if (resource.get("content").isEmpty()) {
            content.add(paragraph(text("Wiz gave no resource details.")));
        } else {
            content.add(resource);
        }
        for (TicketSubject.Section section : subject.sections(record)) {
            if (section.title() == null && section.text() == null) {
                continue;
            }
            content.add(heading(section.heading()));
            if (section.title() != null) {
                content.add(paragraph(text(section.title())));
            }
            paragraphs(content, section.text());
            if (section.link() != null) {
                content.add(paragraph(link(section.link(), section.link())));
            }
        }
        return doc;
    }

    /** a one-paragraph document (a comment) */
    public static ObjectNode note(String text) {
        ObjectNode doc = doc();
        ((ArrayNode) doc.get("content")).add(paragraph(text(text)));
        return doc;
    }

    private static ObjectNode doc() {
        ObjectNode doc = F.objectNode().put("type", "doc").put("version", 1);
        doc.putArray("content");
        return doc;
    }

    /** text with line breaks becomes one paragraph per non-empty line */
    private static void paragraphs(ArrayNode content, String text) {
        if (text == null) {
            return;
        }
        for (String line : IssueText.bound(text, MAX_PART).split("\\R")) {
            if (!line.isBlank()) {
                content.add(paragraph(text(line.strip())));
            }
        }
    }

    private static ObjectNode heading(String text) {
        ObjectNode h = node("heading");
        h.putObject("attrs").put("level", 3);
        h.putArray("content").add(text(text));
        return h;
    }

    private static ObjectNode bullets(Map<String, String> facts) {
        ObjectNode list = node("bulletList");
        ArrayNode items = list.putArray("content");
        facts.forEach((k, v) -> items.add(listItem(paragraph(text(k + ": " + IssueText.bound(v, MAX_PART))))));
        return list;
    }

    private static ObjectNode listItem(ObjectNode paragraph) {
        ObjectNode item = node("listItem");
        item.putArray("content").add(paragraph);
        return item;
    }

    private static ObjectNode paragraph(ObjectNode... inline) {
        ObjectNode p = node("paragraph");
        ArrayNode c = p.putArray("content");
        for (ObjectNode n : inline) {
            c.add(n);
        }
        return p;
    }

    private static ObjectNode text(String text) {
        return node("text").put("text", text);
    }

    private static ObjectNode link(String text, String href) {
        ObjectNode t = text(text);
        t.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", href);
        return t;
    }

    private static ObjectNode node(String type) {
        return F.objectNode().put("type", type);
    }
}
