package com.whiskeysocket.crm.web;

import jakarta.servlet.http.HttpServletRequest;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts what the layout's header needs into every page's model. */
@ControllerAdvice
class LayoutModel {

	@ModelAttribute("currentStaff")
	StaffPrincipal currentStaff(@AuthenticationPrincipal StaffPrincipal staff) {
		return staff;
	}

	/** Which menu entry is the current page. */
	@ModelAttribute("requestPath")
	String requestPath(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	@ModelAttribute("myContacts")
	boolean myContacts(HttpServletRequest request) {
		return "me".equals(request.getParameter("owner"));
	}

}
