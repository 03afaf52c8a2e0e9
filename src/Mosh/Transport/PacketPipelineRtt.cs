namespace Mosh.Transport;

/// <summary>The live RTT figures of a <see cref="PacketPipeline"/>'s estimator, as the sender reads them.</summary>
public sealed class PacketPipelineRtt : IRttSource
{
    private readonly PacketPipeline _pipeline;

    public PacketPipelineRtt(PacketPipeline pipeline) => _pipeline = pipeline;

    public int TimeoutMs => _pipeline.Rtt.TimeoutMs;

    public int SendIntervalMs => _pipeline.Rtt.SendIntervalMs;
}
