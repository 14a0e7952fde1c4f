package kit

import "io"

// CountingReader counts what is read from R: a request body whose reading
// a test checks (a refused request should cost no body read).
type CountingReader struct {
	R io.Reader
	N int
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += n
	return n, err
}
