namespace blocsim::agents_placeholder {}
