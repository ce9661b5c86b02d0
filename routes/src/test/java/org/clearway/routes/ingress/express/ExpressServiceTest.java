package org.clearway.routes.ingress.express;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** JSON Merge Patch (RFC 7386) as information responses use it (PARTNER-APIS §3.1). */
class ExpressServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void mergePatchReplacesAddsAndRemovesMembersRecursively() throws Exception {
        JsonNode target = json("{'a':'b','c':{'d':'e','f':'g'},'list':[1,2]}");
        JsonNode patch = json("{'a':'z','c':{'f':null,'h':1},'list':[3],'new':true}");
        assertThat(ExpressService.mergePatch(target, patch))
                .isEqualTo(json("{'a':'z','c':{'d':'e','h':1},'list':[3],'new':true}"));
        assertThat(target.get("a").asText()).as("the target is not modified").isEqualTo("b");
    }

    @Test
    void mergePatchRfc7386Examples() throws Exception {
        assertThat(ExpressService.mergePatch(json("{'a':['b']}"), json("{'a':'c'}"))).isEqualTo(json("{'a':'c'}"));
        assertThat(ExpressService.mergePatch(json("{'a':{'b':'c'}}"), json("{'a':{'b':'d','c':null}}")))
                .isEqualTo(json("{'a':{'b':'d'}}"));
        assertThat(ExpressService.mergePatch(json("{'e':null}"), json("{'a':1}"))).isEqualTo(json("{'e':null,'a':1}"));
        assertThat(ExpressService.mergePatch(json("['a','b']"), json("['c','d']"))).isEqualTo(json("['c','d']"));
    }
}
