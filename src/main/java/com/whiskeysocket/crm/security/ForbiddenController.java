package com.whiskeysocket.crm.security;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The 403 page in the layout, for pages a role may not open ({@link AccessDenied}
 * forwards here).
 */
@Controller
class ForbiddenController {

	@RequestMapping(AccessDenied.FORBIDDEN_PAGE)
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String forbidden() {
		return "error/403";
	}

}
