package dev.nodes.service.profiling.flamegraph;

/** How a kind of flame graph shows one frame: its colour and the tooltip line under its name. */
interface FrameLook {
    String fill(FrameTree.Node node);

    /** The second tooltip line: samples, share and whatever else this kind of graph tells about the frame. */
    String details(FrameTree.Node node);
}
