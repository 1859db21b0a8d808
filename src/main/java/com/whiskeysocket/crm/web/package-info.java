/**
 * What every page shares: the layout, message bundles, error pages and the home redirect.
 */
@ApplicationModule
package com.whiskeysocket.crm.web;

import org.springframework.modulith.ApplicationModule;
