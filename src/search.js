// Search in a translated book: folds each word the way the book tool folded the index's words
// (src/search.rs writes the tables below from its own, so the two cannot disagree), and teaches
// elasticlunr's query pipeline to keep words of any script.
(function (lunr) {
    'use strict';
    if (!lunr) {
        return;
    }
    const FOLDS = /*FOLDS*/{};
    const STOP_WORDS = /*STOP_WORDS*/[];
    const EDGES = new RegExp(/*EDGES*/'', 'gu');
    const stop = new Set(STOP_WORDS);

    // One spelling of a word: Arabic-keyboard letters, joiners and diacritics folded away,
    // punctuation at either end trimmed.
    function fold(word) {
        let folded = '';
        for (const ch of word) {
            const into = FOLDS[ch];
            folded += into === undefined ? ch : into;
        }
        return folded.replace(EDGES, '');
    }

    function normalise(token) {
        const folded = fold(token);
        return folded === '' || stop.has(folded) ? undefined : folded;
    }

    lunr.Pipeline.registerFunction(normalise, /*NAME*/'');
    // The searcher highlights hits with mark.js, which must skip what the fold drops.
    window.workbookSearch = {
        fold: fold,
        dropped: Object.keys(FOLDS).filter(function (ch) {
            return FOLDS[ch] === '';
        }),
    };
})(window.elasticlunr);
