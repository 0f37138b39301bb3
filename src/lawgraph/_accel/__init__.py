"""Speed machinery behind seams: each piece can be switched off and has a test that the output is the
same without it."""
