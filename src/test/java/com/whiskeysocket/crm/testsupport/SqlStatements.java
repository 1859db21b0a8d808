package com.whiskeysocket.crm.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the SQL the application sends: each {@code execute*} call on a statement, a
 * JDBC batch counting once (as the benchmark's statement counter counts). Import
 * {@link Recording} into a test's context and read {@link #sent()} around a request.
 */
public final class SqlStatements {

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch", "executeLargeBatch");

	private static final List<String> SENT = Collections.synchronizedList(new ArrayList<>());

	private SqlStatements() {
	}

	/** Forgets what was sent so far. */
	public static void clear() {
		SENT.clear();
	}

	/**
	 * The statements sent since the last {@link #clear()}, in order, each after its
	 * thread's name.
	 */
	public static List<String> sent() {
		synchronized (SENT) {
			return List.copyOf(SENT);
		}
	}

	/** The statements this thread sent since the last {@link #clear()}, in order. */
	public static List<String> sentHere() {
		String prefix = Thread.currentThread().getName() + ": ";
		return sent().stream()
			.filter((sql) -> sql.startsWith(prefix))
			.map((sql) -> sql.substring(prefix.length()))
			.toList();
	}

	static DataSource wrap(DataSource dataSource) {
		return (DataSource) Proxy.newProxyInstance(SqlStatements.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, forward(dataSource, (proxy, method, args, result) -> {
					return (result instanceof Connection connection) ? connection(connection) : result;
				}));
	}

	private static Connection connection(Connection connection) {
		return (Connection) Proxy.newProxyInstance(SqlStatements.class.getClassLoader(),
				new Class<?>[] { Connection.class }, forward(connection, (proxy, method, args, result) -> {
					if (result instanceof Statement statement) {
						String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : null;
						return statement(statement, sql);
					}
					return result;
				}));
	}

	private static Statement statement(Statement statement, String prepared) {
		Class<?>[] interfaces = (statement instanceof CallableStatement) ? new Class<?>[] { CallableStatement.class }
				: (statement instanceof PreparedStatement) ? new Class<?>[] { PreparedStatement.class }
						: new Class<?>[] { Statement.class };
		return (Statement) Proxy.newProxyInstance(SqlStatements.class.getClassLoader(), interfaces,
				forward(statement, (proxy, method, args, result) -> {
					if (EXECUTIONS.contains(method.getName())) {
						String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text
								: String.valueOf(prepared);
						SENT.add(Thread.currentThread().getName() + ": " + sql);
					}
					return result;
				}));
	}

	private static InvocationHandler forward(Object target, Then then) {
		return (proxy, method, args) -> {
			if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
					&& type.isInstance(target)) {
				return target;
			}
			try {
				return then.map(proxy, method, args, method.invoke(target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
	}

	private interface Then {

		Object map(Object proxy, java.lang.reflect.Method method, Object[] args, Object result);

	}

	/** Wraps the application's data source so that {@link SqlStatements} sees its SQL. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Recording {

		@Bean
		static BeanPostProcessor recordingDataSource() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource && beanName.equals("dataSource")) ? wrap(dataSource)
							: bean;
				}
			};
		}

	}

}
