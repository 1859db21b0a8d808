package com.whiskeysocket.crm.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Counts the SQL round trips the application makes: each {@code execute*} call on a
 * statement, a JDBC batch counting once. Wraps the application's {@link DataSource}.
 */
final class StatementCounter {

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch", "executeLargeBatch");

	static final AtomicLong STATEMENTS = new AtomicLong();

	private StatementCounter() {
	}

	static DataSource wrap(DataSource dataSource) {
		return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, forward(dataSource, (method, result) -> {
					if (result instanceof Connection connection) {
						return connection(connection);
					}
					return result;
				}));
	}

	private static Connection connection(Connection connection) {
		return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
				new Class<?>[] { Connection.class }, forward(connection, (method, result) -> {
					if (result instanceof Statement statement) {
						return statement(statement);
					}
					return result;
				}));
	}

	private static Statement statement(Statement statement) {
		Class<?>[] interfaces = (statement instanceof java.sql.CallableStatement)
				? new Class<?>[] { java.sql.CallableStatement.class }
				: (statement instanceof java.sql.PreparedStatement)
						? new Class<?>[] { java.sql.PreparedStatement.class } : new Class<?>[] { Statement.class };
		return (Statement) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), interfaces,
				forward(statement, (method, result) -> {
					if (EXECUTIONS.contains(method.getName())) {
						STATEMENTS.incrementAndGet();
					}
					return result;
				}));
	}

	private static InvocationHandler forward(Object target, ResultMapper mapper) {
		return (proxy, method, args) -> {
			if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
					&& type.isInstance(target)) {
				return target;
			}
			try {
				return mapper.map(method, method.invoke(target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
	}

	private interface ResultMapper {

		Object map(Method method, Object result);

	}

}
