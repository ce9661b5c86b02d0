package org.clearway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citrusframework.actions.ReceiveMessageAction.Builder.receive;
import static org.citrusframework.actions.ReceiveTimeoutAction.Builder.expectTimeout;
import static org.citrusframework.dsl.JsonPathSupport.jsonPath;
import static org.citrusframework.http.actions.HttpActionBuilder.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.citrusframework.TestCaseRunner;
import org.citrusframework.annotations.CitrusResource;
import org.citrusframework.annotations.CitrusTest;
import org.citrusframework.junit.jupiter.CitrusSupport;
import org.citrusframework.message.MessageType;
import org.clearway.mappings.edifact.ContrlReader;
import org.clearway.mappings.gw10.CusrspInterchange;
import org.clearway.mappings.gw10.CusrspReader;
import org.clearway.routes.TestInterchanges.Item;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The drop directory of CUSTOMS-AND-POSTAL-INTERFACES §2.4, driven the way an SFTP server would:
 * files appear in {@code in/} by rename, answers are picked up from {@code out/}. Citrus plays the
 * customs backend on the JMS queue and over the decision API.
 */
@CitrusSupport
class PostalDropDirectoryIT extends GatewayIT {
    private static final Path PARTNER = DATA_DIR.resolve("partners").resolve("DEMO-POST");
    private static final Path IN = PARTNER.resolve("in");
    private static final Path OUT = PARTNER.resolve("out");
    private static final Path DONE = PARTNER.resolve("done");
    private static final Path FAILED = PARTNER.resolve("failed");

    @Test
    @CitrusTest
    void droppedFileReachesCustomsAndTheDecisionComesBackInOut(@CitrusResource TestCaseRunner runner) throws IOException {
        Item item = Item.valid();
        String ref = TestInterchanges.reference("DD");
        String name = ref + ".edi";
        // written first, so the file below proves the poller has seen them and left them alone
        Item unseenTmp = Item.valid();
        Item unseenDot = Item.valid();
        Path tmp = write(IN.resolve(ref + "-later.tmp"), TestInterchanges.single(TestInterchanges.reference("DT"), unseenTmp));
        Path dot = write(IN.resolve("." + ref + ".edi"), TestInterchanges.single(TestInterchanges.reference("DH"), unseenDot));

        drop(name, TestInterchanges.single(ref, item));
        awaitFile(DONE.resolve(name));
        assertThat(IN.resolve(name)).doesNotExist();
        assertThat(tmp).as(".tmp files are ignored").exists();
        assertThat(dot).as("dot-files are ignored").exists();
        assertThat(Http.declarationIdOf(port, "demo-post-key", unseenTmp.s10())).isNull();
        assertThat(Http.declarationIdOf(port, "demo-post-key", unseenDot.s10())).isNull();
        Files.delete(tmp);
        Files.delete(dot);

        String declarationId = Http.declarationIdOf(port, "demo-post-key", item.s10());
        assertThat(declarationId).as("the dropped item is known to the gateway").isNotNull();
        runner.variable("declId", declarationId);
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'")
                .message().header("clearway_revision", 1));

        runner.$(http().client(gateway).send().post("/v1/customs/decisions").message()
                .header("Authorization", "Bearer demo-customs-key")
                .contentType("application/json")
                .body("""
                        {"schema":"urn:clearway:customs-decision-submission:1","specVersion":"1.0",
                         "backendDecisionRef":"DD-${declId}","declarationId":"${declId}",
                         "kind":"DECISION","status":"RELEASED","track":"CLEARANCE","final":true,
                         "customsAuthority":{"country":"DE","officeRef":"DE004850"},
                         "decidedAt":"2026-11-24T10:03:00.000Z"}"""));
        runner.$(http().client(gateway).receive().response(HttpStatus.ACCEPTED).message()
                .type(MessageType.JSON)
                .validate(jsonPath().expression("$.declarationId", "${declId}")));

        Path cusrspFile = awaitOut(".CUSRSP.edi", text -> text.contains(item.s10()));
        CusrspInterchange cusrsp = CusrspReader.read(Files.readAllBytes(cusrspFile));
        assertThat(cusrspFile.getFileName().toString()).isEqualTo(cusrsp.controlRef() + ".CUSRSP.edi");
        assertThat(cusrsp.recipientId()).isEqualTo("DEPOSTGW");
        assertThat(cusrsp.messages().get(0).items()).singleElement().satisfies(i -> {
            assertThat(i.s10()).isEqualTo(item.s10());
            assertThat(i.decisionCode()).isEqualTo("10");
        });
        try (Stream<Path> files = Files.list(OUT)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    @CitrusTest
    void truncatedFileMovesToFailedWithReasonAndContrlInOut(@CitrusResource TestCaseRunner runner) throws IOException {
        Item item = Item.valid();
        String ref = TestInterchanges.reference("DF");
        String edi = TestInterchanges.text(TestInterchanges.single(ref, item));
        String name = ref + ".edi";
        drop(name, edi.substring(0, edi.indexOf("UNZ")).getBytes(StandardCharsets.ISO_8859_1));

        awaitFile(FAILED.resolve(name));
        assertThat(IN.resolve(name)).doesNotExist();
        assertThat(DONE.resolve(name)).doesNotExist();
        Path reason = awaitFile(FAILED.resolve(name + ".reason.txt"));
        assertThat(Files.readString(reason)).startsWith("X004");

        Path contrlFile = awaitOut(".CONTRL.edi", text -> text.contains("UCI+" + ref + "+"));
        var contrl = ContrlReader.read(Files.readAllBytes(contrlFile));
        assertThat(contrlFile.getFileName().toString())
                .isEqualTo(contrl.scan().header().orElseThrow().controlReference() + ".CONTRL.edi");
        assertThat(contrl.contrls()).singleElement().satisfies(c -> {
            assertThat(c.acknowledgedInterchangeRef()).isEqualTo(ref);
            assertThat(c.action()).isEqualTo("4");
            assertThat(c.error()).hasValueSatisfying(e -> {
                assertThat(e.errorCode()).isEqualTo("13");
                assertThat(e.segmentTag()).isEqualTo("UNZ");
            });
        });

        String id = Http.declarationIdOf(port, "demo-post-key", item.s10());
        runner.variable("truncatedId", id == null ? "none" : id);
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${truncatedId}'").timeout(2500));
    }

    @Test
    @CitrusTest
    void byteIdenticalFileDroppedAgainGoesToDoneWithoutProcessing(@CitrusResource TestCaseRunner runner) throws IOException {
        Item item = Item.valid();
        String ref = TestInterchanges.reference("DR");
        String name = ref + ".edi";
        byte[] edi = TestInterchanges.single(ref, item);
        drop(name, edi);
        awaitFile(DONE.resolve(name));
        runner.variable("declId", Http.declarationIdOf(port, "demo-post-key", item.s10()));
        runner.$(receive(customsQueue).selector("clearway_declaration_id = '${declId}'"));

        // the operator's SFTP client sends the same file again under the same name
        Instant firstDone = Files.getLastModifiedTime(DONE.resolve(name)).toInstant();
        drop(name, edi);
        awaitGone(IN.resolve(name));
        assertThat(DONE.resolve(name)).exists().hasBinaryContent(edi);
        assertThat(FAILED.resolve(name)).doesNotExist();
        assertThat(Files.getLastModifiedTime(DONE.resolve(name)).toInstant()).isAfterOrEqualTo(firstDone);
        runner.$(expectTimeout(customsQueue).selector("clearway_declaration_id = '${declId}'").timeout(2500));
    }

    /** Writes as {@code <name>.tmp} and renames, as an SFTP server does on upload completion. */
    private static void drop(String name, byte[] body) throws IOException {
        Path tmp = write(IN.resolve(name + ".tmp"), body);
        Files.move(tmp, IN.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path write(Path file, byte[] body) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, body);
    }

    private static Path awaitFile(Path file) {
        poll(() -> Files.exists(file) ? Optional.of(file) : Optional.empty(), "file " + file);
        return file;
    }

    private static void awaitGone(Path file) {
        poll(() -> Files.exists(file) ? Optional.empty() : Optional.of(file), "file " + file + " to leave in/");
    }

    /** The file in {@code out/} with this suffix whose text matches, once it is there. */
    private static Path awaitOut(String suffix, Predicate<String> content) {
        return poll(() -> {
            try (Stream<Path> files = Files.list(OUT)) {
                List<Path> candidates = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
                for (Path p : candidates) {
                    if (content.test(Files.readString(p, StandardCharsets.ISO_8859_1))) {
                        return Optional.of(p);
                    }
                }
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "a " + suffix + " file in " + OUT);
    }

    private static <T> T poll(java.util.function.Supplier<Optional<T>> probe, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
