namespace blocsim::scenarios_placeholder {}
