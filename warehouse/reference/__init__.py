"""Reference classifications (政府收支分类科目) and name-to-code resolution for narrative text."""
