namespace blocsim::policies_placeholder {}
