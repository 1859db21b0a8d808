package com.whiskeysocket.crm.google;

import com.whiskeysocket.crm.connections.ConnectionStatus;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What the Google part of the sync panel shows for the signed-in staff member. Templates
 * call it as {@code @googlePanel.current()}, so the contacts module needs no dependency
 * on this one.
 */
@Component("googlePanel")
public class GooglePanel {

	private final Connections connections;

	GooglePanel(Connections connections) {
		this.connections = connections;
	}

	public ConnectionStatus current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) {
			return connections.status(staff.id(), GoogleProperties.REGISTRATION_ID);
		}
		return ConnectionStatus.notConfigured();
	}

}
