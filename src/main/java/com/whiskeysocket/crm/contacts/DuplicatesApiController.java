package com.whiskeysocket.crm.contacts;

import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/contacts/duplicates}: the suggestions of the duplicates page, for scripts.
 */
@RestController
class DuplicatesApiController {

}
