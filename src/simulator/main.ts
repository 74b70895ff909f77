// Entry point of the simulated Hyper-V host (being written).
export {};
