package com.whiskeysocket.crm.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The retention purge runs on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditSchedulingConfiguration {

}
