package io.wizcamel.format.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validators pass what the specifications allow and name what they do not (one that passes all is no test). */
class ValidatorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static void assertProblem(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' in " + problems);
    }

    private static final String ECS_OK = "{'@timestamp':'2026-10-01T08:00:00Z','ecs':{'version':'8.11.0'},"
            + "'event':{'kind':'alert','category':['configuration'],'type':['info'],'severity':73},"
            + "'cloud':{'provider':'aws','account':{'id':'1'}},'labels':{'cost.center':'x'},"
            + "'vulnerability':{'score':{'base':9.8}},'wiz':{'anything':{'goes':[1]}}}";

    @Test
    void ecsPassesAConformingDocument() throws Exception {
        assertEquals(List.of(), Schemas.ecs().problems(json(ECS_OK)));
    }

    @Test
    void ecsNamesWhatIsWrong() throws Exception {
        JsonNode doc = json("{'@timestamp':'yesterday','event':{'kind':'finding','category':'configuration',"
                + "'type':['indicator'],'severity':'high'},'rule':{'remediation':'x'},'resource':{'id':'1'},"
                + "'cloud.provider':'aws','url':{'full':null},'host':{'ip':['not-an-ip']},'tags':'wiz'}");
        List<String> p = Schemas.ecs().problems(doc);
        assertProblem(p, "@timestamp: ECS type date");
        assertProblem(p, "ecs.version: required");
        assertProblem(p, "event.kind: 'finding' is not one of");
        assertProblem(p, "event.category: ECS normalizes it to an array");
        assertProblem(p, "event.severity: ECS type long");
        assertProblem(p, "rule.remediation: not an ECS 8.11 field");
        assertProblem(p, "resource: not an ECS 8.11 field");
        assertProblem(p, "cloud.provider: a dotted key");
        assertProblem(p, "url.full: null");
        assertProblem(p, "host.ip: ECS type ip");
        assertProblem(p, "tags: ECS normalizes it to an array");
    }

    @Test
    void ecsChecksCategoryTypePairs() throws Exception {
        JsonNode doc = json("{'@timestamp':'2026-10-01T08:00:00Z','ecs':{'version':'8.11.0'},"
                + "'event':{'category':['iam','vulnerability'],'type':['change']}}");
        List<String> p = Schemas.ecs().problems(doc);
        assertProblem(p, "event.type change is not one event.category vulnerability expects");
        assertEquals(1, p.size(), p.toString());
    }

    private static final String OCSF_OK = "{'class_uid':2003,'class_name':'Compliance Finding','category_uid':2,"
            + "'category_name':'Findings','activity_id':1,'activity_name':'Create','type_uid':200301,"
            + "'type_name':'Compliance Finding: Create','time':1790841600000,'severity_id':5,'severity':'Critical',"
            + "'metadata':{'version':'1.3.0','product':{'name':'Wiz','vendor_name':'Wiz'},'profiles':['cloud']},"
            + "'finding_info':{'uid':'1','title':'t'},'compliance':{'standards':['CIS'],'status_id':3,"
            + "'status':'Fail'},'cloud':{'provider':'AWS'},'resources':[{'uid':'r','region':'us-east-1'}],"
            + "'unmapped':{'x':null}}";

    @Test
    void ocsfPassesAConformingEvent() throws Exception {
        assertEquals(List.of(), Schemas.ocsf().problems(json(OCSF_OK)));
    }

    @Test
    void ocsfNamesWhatIsWrong() throws Exception {
        JsonNode event = json("{'class_uid':2003,'class_name':'Detection Finding','category_uid':5,'activity_id':1,"
                + "'type_uid':200302,'time':'2026-10-01T08:00:00Z','severity_id':7,'severity':'High',"
                + "'metadata':{'version':'1.3.0','product':{'name':'Wiz'},'profiles':['container']},"
                + "'finding_info':{'uid':'1','types':'x'},'compliance':{'control':'c','status_id':1,"
                + "'status':'Fail'},'cloud':{'provider':'AWS'},'resources':[{'uid':'r','region':'x'}],"
                + "'resource':{'uid':'r'},'bogus':1}");
        List<String> p = Schemas.ocsf().problems(event);
        assertProblem(p, "category_uid 5: class 2003 is in category 2");
        assertProblem(p, "class_name \"Detection Finding\"");
        assertProblem(p, "type_uid 200302");
        assertProblem(p, "time: type timestamp_t");
        assertProblem(p, "severity_id: 7 is not one of");
        assertProblem(p, "metadata.product.vendor_name: required");
        assertProblem(p, "metadata.profiles names 'container'");
        assertProblem(p, "finding_info.title: required");
        assertProblem(p, "finding_info.types: an array");
        assertProblem(p, "compliance.standards: required");
        assertProblem(p, "compliance.status 'Fail': must be the caption of compliance.status_id 1, 'Pass'");
        assertProblem(p, "cloud: an attribute of the 'cloud' profile");
        assertProblem(p, "resources[0].region: an attribute of the 'cloud' profile");
        assertProblem(p, "resource: deprecated");
        assertProblem(p, "bogus: not an attribute of compliance_finding");
    }

    @Test
    void ocsfDeclaredProfileMakesItsRequiredAttributesRequired() throws Exception {
        JsonNode event = json(OCSF_OK.replace("'cloud':{'provider':'AWS'},", ""));
        assertEquals(List.of("cloud: required in compliance_finding, missing"), Schemas.ocsf().problems(event));
    }

    @Test
    void ocsfChecksConstraintsAndClasses() throws Exception {
        JsonNode event = json("{'class_uid':6003,'category_uid':6,'activity_id':99,'type_uid':600399,"
                + "'severity_id':1,'time':1,"
                + "'metadata':{'version':'1.3.0','product':{'name':'Wiz','vendor_name':'Wiz'}},"
                + "'api':{'operation':'x'},'actor':{},'src_endpoint':{'ip':'10.0.0.1'}}");
        List<String> p = Schemas.ocsf().problems(event);
        assertProblem(p, "actor.{}: actor needs at least one of");
        assertProblem(p, "activity_name: required with activity_id 99");
        assertEquals(2, p.size(), p.toString());
        assertProblem(Schemas.ocsf().problems(json("{'class_uid':2099}")), "class_uid 2099 is not an OCSF 1.3.0 class");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "CEF:0|Wiz|Wiz|1.0|id|name|5|",
        "CEF:0|Wiz|Wiz|1.0|a\\|b|c\\\\d|Unknown|msg=a\\=b\\nc d\\\\ cs1Label=x cs1=y rt=1790841600000",
        "CEF:0|Wiz|Wiz|1.0|id|n|10|act=a b c suser=x@example.com"})
    void cefPasses(String line) {
        assertEquals(List.of(), CefSpec.problems(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "CEF:0|Wiz|Wiz|1.0|id|name|11|# Severity '11'",
        "CEF:0|Wiz|Wiz|1.0|a|b\\n|5|# a backslash that escapes neither",
        "CEF:0|Wiz|Wiz|1.0|id|name|5# unescaped pipes",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|msg=a=b# msg: an unescaped '='",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|msg=a\\|b# '\\|' is not a CEF extension escape",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|cs1=x# cs1: a custom key without its cs1Label",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|cs2Label=x# cs2Label without cs2",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|wizStatus=OPEN# wizStatus: not a key of the CEF extension dictionary",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|rt=2026-10-01T08:00:00Z# rt '2026-10-01T08:00:00Z'",
        "CEF:0|Wiz|Wiz|1.0|id|name|5|act=a act=b# act appears twice"})
    void cefNamesWhatIsWrong(String line, String expected) {
        assertProblem(CefSpec.problems(line), expected);
    }

    @Test
    void cefRefusesRawLineBreaks() {
        assertProblem(CefSpec.problems("CEF:0|Wiz|Wiz|1.0|id|name|5|msg=a\nb"), "raw line break");
    }

    private static List<String> syslog(String message) {
        return Rfc5424Spec.problems(message.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "<130>1 2026-10-01T08:00:00.123456Z host.example.com wiz-camel - issue [wiz@32473 id=\"a\\\"b\\]c\"] text",
        "<0>1 - 10.0.0.1 - - - -",
        "<191>1 2026-10-01T08:00:00+02:00 h app 12 m [a@1][timeQuality tzKnown=\"1\"]"})
    void rfc5424Passes(String message) {
        assertEquals(List.of(), syslog(message));
    }

    @Test
    void rfc5424NeedsTheBomBeforeUtf8() {
        String head = "<130>1 - host app - issue - ";
        assertProblem(syslog(head + "Zürich"), "without the BOM");
        assertEquals(List.of(), syslog(head + "\uFEFFZürich"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "<192>1 - h a - m -# PRI '192'",
        "<013>1 - h a - m -# PRI '013'",
        "<13>2 - h a - m -# VERSION '2'",
        "<13>1 2026-10-01 08:00:00Z h a - m -# TIMESTAMP '2026-10-01'",
        "<13>1 2026-10-01T08:00:00.1234567Z h a - m -# TIMESTAMP",
        "<13>1 2026-13-01T08:00:00Z h a - m -# not a real date",
        "<13>1 - - a - m -# HOSTNAME is nil",
        "<13>1 - h a - m [wiz id=\"1\"]# SD-ID 'wiz'",
        "<13>1 - h a - m [a@1 id=\"x]\"]# unescaped ']'",
        "<13>1 - h a - m [a@1 id=\"x]# not closed",
        "<13>1 - h a - m [a@1][a@1]# appears twice",
        "<13>1 - h " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa - m -# APP-NAME"})
    void rfc5424NamesWhatIsWrong(String message, String expected) {
        assertProblem(syslog(message), expected);
    }
}
