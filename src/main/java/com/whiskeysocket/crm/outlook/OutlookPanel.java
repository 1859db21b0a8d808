package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.connections.ConnectionStatus;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What the Outlook part of the sync panel shows for the signed-in staff member. Templates
 * call it as {@code @outlookPanel.current()}, so the contacts module needs no dependency
 * on this one.
 */
@Component("outlookPanel")
public class OutlookPanel {

	private final Connections connections;

	OutlookPanel(Connections connections) {
		this.connections = connections;
	}

	public ConnectionStatus current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) {
			return connections.status(staff.id(), OutlookProperties.REGISTRATION_ID);
		}
		return ConnectionStatus.notConfigured();
	}

}
