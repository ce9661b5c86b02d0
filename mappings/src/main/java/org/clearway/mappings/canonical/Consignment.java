package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** House-level consignment data, {@code consignment} (CANONICAL-MODEL §5.4). */
public record Consignment(List<TransportDocument> transportDocuments, BigDecimal totalGrossMassKg,
                          int totalPackages, int totalItems, Invoice invoice, Money intrinsicValue,
                          Money transportCost, Money insuranceCost, Money insuredValue, Money postage,
                          Incoterm incoterm, NatureOfTransaction natureOfTransaction, String upuCategoryCode,
                          String remarks, String iossNumber, Route route, Postal postal) {
    public Consignment {
        transportDocuments = transportDocuments == null ? List.of() : List.copyOf(transportDocuments);
        Objects.requireNonNull(totalGrossMassKg, "totalGrossMassKg");
        Objects.requireNonNull(intrinsicValue, "intrinsicValue");
        Objects.requireNonNull(natureOfTransaction, "natureOfTransaction");
        Objects.requireNonNull(route, "route");
    }

    /** Transport document, {@code transportDocuments[]}; {@code type} from EU CL754 (e.g. N703). */
    public record TransportDocument(TransportDocumentLevel level, String type, String number) {
        public TransportDocument {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(number, "number");
        }
    }

    /** Commercial invoice / order reference, {@code invoice}; all members optional. */
    public record Invoice(String number, LocalDate date, Money total) {
    }

    /** Route of the consignment, {@code route}. */
    public record Route(String countryOfDispatch, String countryOfDestination, List<String> countriesOfRouting,
                        String placeOfLoading, ModeOfTransport modeOfTransport) {
        public Route {
            Objects.requireNonNull(countryOfDispatch, "countryOfDispatch");
            Objects.requireNonNull(countryOfDestination, "countryOfDestination");
            countriesOfRouting = countriesOfRouting == null ? List.of() : List.copyOf(countriesOfRouting);
            Objects.requireNonNull(modeOfTransport, "modeOfTransport");
        }
    }

    /** Postal-only data, {@code postal} (UPU CDS / CUSITM header). */
    public record Postal(String mailClass, String originPost, String destinationPost, LocalDate postingDate,
                         String sendingPost, String customsOffice, List<PostalDocument> documents) {
        public Postal {
            documents = documents == null ? List.of() : List.copyOf(documents);
        }
    }

    /** Document attached to a CN 23, {@code postal.documents[]}; {@code type} is a UN 1001 code. */
    public record PostalDocument(String type, String name, String reference) {
        public PostalDocument {
            Objects.requireNonNull(type, "type");
        }
    }
}
