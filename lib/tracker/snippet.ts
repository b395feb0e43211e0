// The install snippet: a queue stub that records calls (with their time) until
// kairos.js loads and replays them in order. Kept in sync with docs/embedding.md's copy.
export const queueStub =
  "!function(w){if(w.kairos)return;var k=w.kairos={q:[]};['page','track','identify','reset','consent','flush'].forEach(function(m){k[m]=function(){k.q.push([m,[].slice.call(arguments),Date.now()])}})}(window);";
