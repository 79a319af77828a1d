# Messages the catalogue's own tests read.
messages-selftest-plain = 你好
messages-selftest-count = { $count } 个包裹
