package org.clearway.routes.console;

import jakarta.jms.JMSException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.clearway.routes.console.ConsoleSecurity.Operator;
import org.clearway.routes.pipeline.DeadLetterQueues;
import org.clearway.routes.sign.SigningConfig.PublishedCertificates;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.Partners;
import org.clearway.security.CmsVerifier;
import org.clearway.security.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator web console (issue 14): overview with live throughput, search, a consignment's
 * timeline across channels, dead letters, partners and certificates, decisions by status, raw
 * payloads and signed bytes with signature verification. Server-rendered (Thymeleaf); roles in
 * {@link ConsoleRole}.
 */
@Controller
@RequestMapping("/console")
public class ConsoleController {
    private static final Logger log = LoggerFactory.getLogger(ConsoleController.class);
    private static final int MAX_CHART_EVENTS = 100_000;

    private final ConsoleProperties properties;
    private final ConsoleQueries queries;
    private final DeadLetterQueues deadLetters;
    private final QueueDepths queues;
    private final Certificates certificates;
    private final Partners partners;
    private final GatewayProperties gateway;
    private final CmsVerifier verifier;
    private final Clock clock;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    /** Compared against when the user is unknown, so a wrong name costs the same time as a wrong password. */
    private final String dummyHash = bcrypt.encode(ConsoleSecurity.newToken());

    public ConsoleController(ConsoleProperties properties, ConsoleQueries queries, DeadLetterQueues deadLetters,
                             QueueDepths queues, Certificates certificates, Partners partners,
                             GatewayProperties gateway, PublishedCertificates published, Clock clock) {
        this.properties = properties;
        this.queries = queries;
        this.deadLetters = deadLetters;
        this.queues = queues;
        this.certificates = certificates;
        this.partners = partners;
        this.gateway = gateway;
        // the gateway's own emissions verify against its published certificates (current and previous)
        this.verifier = new CmsVerifier(published.certificates(), clock);
        this.clock = clock;
    }

    // ---- login

    @GetMapping("/login")
    public String loginForm(HttpServletRequest request, Model model) {
        ConsoleSecurity.csrfToken(request);
        return "console/login";
    }

    @PostMapping("/login")
    public String login(HttpServletRequest request, @RequestParam(defaultValue = "") String username,
                        @RequestParam(defaultValue = "") String password, Model model) {
        ConsoleProperties.User user = properties.users().get(username);
        boolean ok = bcrypt.matches(password, user == null ? dummyHash : user.passwordHash()) && user != null;
        if (!ok) {
            log.warn("console login failed ({})", user == null ? "unknown user" : "user " + username);
            model.addAttribute("failed", true);
            return "console/login";
        }
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(ConsoleSecurity.USER, new Operator(username, user.role()));
        session.setAttribute(ConsoleSecurity.CSRF, ConsoleSecurity.newToken());
        log.info("console login: {} ({})", username, user.role());
        return "redirect:/console";
    }

    @PostMapping("/logout")
    public String logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/console/login";
    }

    // ---- overview and live charts

    @GetMapping
    public String overview(Model model) {
        model.addAttribute("queues", queues.all());
        model.addAttribute("backlogs", queries.backlogs());
        model.addAttribute("states", queries.declarationsByState());
        model.addAttribute("throughput", throughput());
        model.addAttribute("certificates", certificates.all().stream().filter(c -> !"OK".equals(c.state())).toList());
        return "console/overview";
    }

    @GetMapping(value = "/api/throughput", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public Throughput.Report throughput() {
        Instant now = clock.instant();
        Instant since = now.minus(properties.chartWindow()).minus(Duration.ofMinutes(1));
        List<ConsoleQueries.StageEvent> events = queries.stageEvents(since, MAX_CHART_EVENTS);
        return Throughput.of(events, now, properties.chartWindow(), events.size() >= MAX_CHART_EVENTS);
    }

    // ---- search and consignments

    @GetMapping("/search")
    public String search(@RequestParam Map<String, String> params, Model model) {
        ConsoleQueries.Criteria criteria = new ConsoleQueries.Criteria(params.get("s10"), params.get("hwb"),
                params.get("tracking"), params.get("order"), params.get("declaration"), params.get("message"),
                params.get("ingress"), params.get("partner"), params.get("status"),
                time(params.get("from"), false), time(params.get("to"), true));
        model.addAttribute("p", params);
        model.addAttribute("partnerIds", new TreeMap<>(partners.all()).keySet());
        if (!criteria.empty()) {
            model.addAttribute("hits", queries.search(criteria));
            model.addAttribute("orders", queries.orders(criteria));
            model.addAttribute("searched", true);
        }
        return "console/search";
    }

    @GetMapping("/consignments/{declarationId}")
    public String consignment(@PathVariable String declarationId, Model model) {
        ConsoleQueries.Consignment c = queries.consignment(declarationId)
                .orElseThrow(() -> new NotFound("no consignment " + declarationId));
        model.addAttribute("c", c);
        Map<String, Boolean> archived = new LinkedHashMap<>();
        c.revisions().forEach(r -> archived.put(r.ingressId(), rawFile(r.ingressId()).isPresent()));
        model.addAttribute("archived", archived);
        return "console/consignment";
    }

    /** The raw inbound interchange as archived under {@code <data>/archive/raw/<day>/<ingressId>.edi}. */
    @GetMapping("/raw/{ingressId}")
    public ResponseEntity<byte[]> raw(@PathVariable String ingressId) throws IOException {
        Path file = rawFile(ingressId).orElseThrow(() -> new NotFound("no archived payload for ingress " + ingressId
                + " (not a postal interchange, or removed by retention)"));
        return download(Files.readAllBytes(file), MediaType.TEXT_PLAIN, ingressId + ".edi", true);
    }

    @GetMapping("/emissions/{gatewayMessageId}/{part:body|signature}")
    public ResponseEntity<byte[]> emission(@PathVariable String gatewayMessageId, @PathVariable String part) {
        ConsoleQueries.StoredEmission e = storedEmission(gatewayMessageId);
        if ("body".equals(part)) {
            return download(e.body(), MediaType.parseMediaType(e.mediaType()), gatewayMessageId + ".json", true);
        }
        return download(e.signature(), MediaType.parseMediaType("application/pkcs7-signature"), gatewayMessageId + ".p7s", false);
    }

    @PostMapping("/emissions/{gatewayMessageId}/verify")
    public String verify(@PathVariable String gatewayMessageId, RedirectAttributes redirect) {
        ConsoleQueries.StoredEmission e = storedEmission(gatewayMessageId);
        VerificationResult result = verifier.verify(e.body(), e.signature());
        redirect.addFlashAttribute("verified", gatewayMessageId);
        redirect.addFlashAttribute("verification", new Verification(result.isValid(), result.status().name(),
                result.detail(), result.signer().map(c -> c.getSubjectX500Principal().getName()).orElse(null),
                result.signingTime()));
        return "redirect:/console/consignments/" + e.declarationId() + "#emissions";
    }

    /** The outcome of a signature check as the page shows it. */
    public record Verification(boolean valid, String status, String detail, String signer, Instant signingTime)
            implements java.io.Serializable {
    }

    private ConsoleQueries.StoredEmission storedEmission(String gatewayMessageId) {
        ConsoleQueries.StoredEmission e = queries.emission(gatewayMessageId)
                .orElseThrow(() -> new NotFound("no emission " + gatewayMessageId));
        if (e.body() == null || e.signature() == null) {
            throw new NotFound("the signed bytes of " + gatewayMessageId + " are not kept (backend " + e.backendId()
                    + " received them; only pull backends keep a copy)");
        }
        return e;
    }

    // ---- dead letters

    @GetMapping("/dead-letters")
    public String deadLetters(Model model) throws JMSException {
        Map<String, List<DeadLetterQueues.Letter>> byQueue = new LinkedHashMap<>();
        for (String queue : DeadLetterQueues.QUEUES) {
            byQueue.put(queue, deadLetters.browse(queue, 200));
        }
        model.addAttribute("byQueue", byQueue);
        return "console/dead-letters";
    }

    @GetMapping("/dead-letters/{queue}/inspect")
    public String inspect(@PathVariable String queue, @RequestParam String id, Model model) throws JMSException {
        model.addAttribute("letter", deadLetters.find(checked(queue), id)
                .orElseThrow(() -> new NotFound("no dead letter " + id + " in " + queue + ".DLQ (replayed or discarded?)")));
        return "console/dead-letter";
    }

    @PostMapping("/dead-letters/{queue}/replay")
    public String replay(HttpServletRequest request, @PathVariable String queue, @RequestParam(required = false) String id,
                         RedirectAttributes redirect) throws JMSException {
        Operator operator = ConsoleSecurity.require(request, ConsoleRole.OPERATOR);
        String q = checked(queue);
        int moved = deadLetters.replay(q, blankToNull(id), id == null || id.isBlank() ? 1000 : 1,
                "console user " + operator.name());
        String what = moved + " from " + q + ".DLQ" + (id == null || id.isBlank() ? "" : " (" + id + ")");
        redirect.addFlashAttribute("notice", "Replayed " + what + " onto " + q + ".");
        return "redirect:/console/dead-letters";
    }

    @PostMapping("/dead-letters/{queue}/discard")
    public String discard(HttpServletRequest request, @PathVariable String queue, @RequestParam String id,
                          RedirectAttributes redirect) throws JMSException {
        Operator operator = ConsoleSecurity.require(request, ConsoleRole.ADMIN);
        String q = checked(queue);
        boolean gone = deadLetters.discard(q, id, "console user " + operator.name());
        redirect.addFlashAttribute("notice", gone ? "Discarded " + id + " from " + q + ".DLQ." : "No dead letter " + id + ".");
        return "redirect:/console/dead-letters";
    }

    private static String checked(String queue) {
        if (!DeadLetterQueues.known(queue)) {
            throw new NotFound("no dead-letter queue for " + queue);
        }
        return queue;
    }

    // ---- partners and decisions

    public record PartnerRow(String id, String role, List<String> channels, int apiKeys, Instant lastContact,
                             Map<String, Long> as2States) {
    }

    @GetMapping("/partners")
    public String partners(Model model) {
        Map<String, Instant> last = queries.lastContact();
        Map<String, Map<String, Long>> as2 = queries.as2DeliveryStates();
        List<PartnerRow> rows = new ArrayList<>();
        new TreeMap<>(partners.all()).forEach((id, p) -> rows.add(new PartnerRow(id, p.role().name(), channels(p),
                p.apiKeys().size() + p.apiKeySha256().size(), last.get(id), as2.getOrDefault(id, Map.of()))));
        model.addAttribute("partners", rows);
        model.addAttribute("certificates", certificates.all());
        model.addAttribute("warningDays", properties.certificateWarning().toDays());
        model.addAttribute("deliveries", queries.as2Deliveries(50));
        return "console/partners";
    }

    /** The ways a partner reaches the gateway or is reached by it, from its configuration. */
    static List<String> channels(Partner p) {
        List<String> c = new ArrayList<>();
        switch (p.role()) {
            case POSTAL -> {
                c.add("EDIFACT over HTTP");
                if (p.dropDirectory()) {
                    c.add("drop directory");
                }
                if (p.as2() != null && p.as2().enabled()) {
                    c.add("AS2 in" + (p.as2().url() != null ? " + out (" + p.as2().mdn().outboundMode() + " MDN)" : ""));
                }
            }
            case EXPRESS -> {
                c.add("REST");
                c.add("SOAP");
                c.add("webhooks / decision pull");
            }
            case PLATFORM -> {
                c.add("REST orders + bulk upload");
                c.add("webhooks / decision pull");
            }
            case CUSTOMS -> {
                if (p.customs() != null) {
                    c.add("declarations by " + p.customs().channel() + (p.customs().pullCopy() ? " + pull copy" : ""));
                }
                c.add("decisions REST / JMS");
            }
        }
        return c;
    }

    @GetMapping("/decisions")
    public String decisions(@RequestParam(required = false) String status, @RequestParam(defaultValue = "7") int days,
                            Model model) {
        Instant since = clock.instant().minus(Duration.ofDays(Math.max(1, Math.min(days, 3650))));
        model.addAttribute("days", days);
        model.addAttribute("counts", queries.decisionsByStatus(since));
        model.addAttribute("states", queries.declarationsByState());
        if (status != null && !status.isBlank()) {
            model.addAttribute("status", status);
            model.addAttribute("decisions", queries.decisions(status, since, 200));
        }
        return "console/decisions";
    }

    // ---- helpers

    /** The archived file of an ingress pass; the id must be a UUID (no path tricks). */
    private Optional<Path> rawFile(String ingressId) {
        try {
            UUID.fromString(ingressId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        Optional<Instant> received = queries.interchangeReceivedAt(ingressId);
        if (received.isEmpty()) {
            return Optional.empty();
        }
        Path raw = gateway.dataDir().resolve("archive").resolve("raw");
        LocalDate day = received.get().atZone(ZoneOffset.UTC).toLocalDate();
        // the day folder is the UTC day of receipt; look one day either side for database time zones
        for (LocalDate d : List.of(day, day.minusDays(1), day.plusDays(1))) {
            Path file = raw.resolve(d.toString()).resolve(ingressId + ".edi");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static ResponseEntity<byte[]> download(byte[] bytes, MediaType type, String name, boolean inline) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setContentDisposition((inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(name).build());
        return ResponseEntity.ok().headers(headers).body(bytes);
    }

    private static Instant time(String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() <= 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date or date-time (UTC): " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A console page for something that does not exist (rendered as a 404 page). */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
