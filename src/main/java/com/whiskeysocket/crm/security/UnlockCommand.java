package com.whiskeysocket.crm.security;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar crm.jar --unlock <username>}: ends an account's sign-in lock without
 * anyone signing in (with a single admin locked out, nobody could), then exits. The
 * application starts with the same settings ({@code .env}, {@code DB_URL}) but its web
 * server on a free loopback port and no management port, so it runs beside the live one.
 */
public final class UnlockCommand {

	private static final String OPTION = "--unlock";

	private UnlockCommand() {
	}

	/**
	 * The username after {@code --unlock} ({@code --unlock admin} or
	 * {@code --unlock=admin}), if the command line asks for an unlock.
	 * @param args the command line
	 * @return the username, or empty for a normal start
	 */
	public static Optional<String> username(String[] args) {
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith(OPTION + "=")) {
				return Optional.of(args[i].substring(OPTION.length() + 1));
			}
			if (args[i].equals(OPTION)) {
				return Optional.of((i + 1 < args.length) ? args[i + 1] : "");
			}
		}
		return Optional.empty();
	}

	/**
	 * Starts the application quietly, ends the account's lock and stops it again.
	 * @param application the application class
	 * @param args the command line, {@code --unlock <username>} included
	 * @param out where to say what was done
	 * @return the process exit code: 0 done (or nothing to do), 2 no username given
	 */
	public static int run(Class<?> application, String[] args, PrintStream out) {
		String username = username(args).orElse("").strip();
		if (username.isEmpty() || username.startsWith("--")) {
			out.println("Usage: java -jar crm.jar --unlock <username>");
			return 2;
		}
		List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals(OPTION)) {
				i++;
			}
			else if (!args[i].startsWith(OPTION + "=")) {
				rest.add(args[i]);
			}
		}
		rest.add("--server.port=0");
		rest.add("--server.address=127.0.0.1");
		rest.add("--management.server.port=-1");
		rest.add("--crm.sync.interval=0");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.bannerMode(Banner.Mode.OFF)
			.run(rest.toArray(String[]::new))) {
			boolean unlocked = context.getBean(SignInThrottle.class).unlockAccount(username);
			out.println(unlocked ? "The sign-in lock of '" + username + "' has ended."
					: "'" + username + "' had no sign-in lock.");
			return 0;
		}
	}

}
