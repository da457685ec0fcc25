"""The offline HTML atlas: its input record, its data, its page and its assets."""
