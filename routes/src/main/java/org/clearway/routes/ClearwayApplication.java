package org.clearway.routes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the gateway: Spring Boot hosts the Camel routes, the embedded broker and the HTTP API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class ClearwayApplication {
    public static void main(String[] args) {
        SpringApplication.run(ClearwayApplication.class, args);
    }
}
