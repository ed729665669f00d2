"""Reply letters: drafting from the final answers, review, signature, dispatch, publication."""
