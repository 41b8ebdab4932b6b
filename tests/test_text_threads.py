"""Snowball stemmers are stateful objects: threads sharing one (`evalkit serve --max-concurrency N`,
threads sharing an Engine) must still get each word's own stem."""

from concurrent.futures import ThreadPoolExecutor

from evalkit import text


def test_threads_stemming_at_once_get_the_stems_one_thread_gets():
    import wordfreq

    words = [w for w in wordfreq.top_n_list("fr", 20000) if w.isalpha()][:12000]
    text.stem.cache_clear()
    alone = [text.stem(w, "fr") for w in words]
    for _ in range(3):
        text.stem.cache_clear()
        chunks = [words[i::4] for i in range(4)]
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda chunk: [text.stem(w, "fr") for w in chunk], chunks))
        got = {w: s for chunk, stems in zip(chunks, results) for w, s in zip(chunk, stems)}
        assert [got[w] for w in words] == alone
    text.stem.cache_clear()
