package com.whiskeysocket.crm.outlook;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link GraphClient#chunks} splits a call's requests into sequential batches: at
 * most 20 each, as few as fit, their number a multiple of the mailbox's four slots and
 * their sizes even, so the four slots finish together.
 */
class GraphBatchChunksTests {

	@Test
	void aRoundOf200IsTwelveBatchesOf16Or17() {
		assertThat(sizes(200)).hasSize(12).allMatch((size) -> size == 16 || size == 17);
	}

	@Test
	void aRoundOf1000IsFiftyTwoBatchesOf19Or20() {
		assertThat(sizes(1000)).hasSize(52).allMatch((size) -> size == 19 || size == 20);
	}

	@Test
	void fewRequestsAreSpreadOverTheFourSlots() {
		assertThat(sizes(43)).containsExactly(11, 11, 11, 10);
		assertThat(sizes(20)).containsExactly(5, 5, 5, 5);
		assertThat(sizes(5)).containsExactly(2, 1, 1, 1);
		assertThat(sizes(3)).containsExactly(1, 1, 1);
		assertThat(sizes(1)).containsExactly(1);
	}

	@Test
	void everyRequestIsInExactlyOneBatchInOrder() {
		List<Integer> pending = IntStream.range(0, 997).boxed().toList();
		List<List<Integer>> chunks = GraphClient.chunks(pending, 4);
		assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(pending);
		assertThat(chunks).allMatch((chunk) -> chunk.size() <= 20);
	}

	private static List<Integer> sizes(int n) {
		return GraphClient.chunks(IntStream.range(0, n).boxed().toList(), 4).stream().map(List::size).toList();
	}

}
