using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using GrpcException = Grpc.Core.RpcException;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// The Functions host's side of <c>FunctionRpc.EventStream</c>: the worker dials in and must open with
/// <c>StartStream{worker_id}</c>; the stream then stays open, carrying the host's requests down and the worker's
/// responses and logs up, until the worker hangs up.
/// </summary>
public sealed class HostEventStreamService(ConnectedWorkers workers) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken)
            || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new GrpcException(new Status(StatusCode.FailedPrecondition, "A worker's first message must be StartStream."));
        }

        var channel = new WorkerChannel(requestStream.Current.StartStream.WorkerId);
        var writing = WriteAsync(channel, responseStream, context.CancellationToken);
        workers.Accept(channel);
        Exception? reason = null;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                channel.Receive(requestStream.Current);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or GrpcException)
        {
            reason = ex;
        }
        finally
        {
            channel.Close(reason);
        }

        await writing;
    }

    private static async Task WriteAsync(WorkerChannel channel, IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellation)
    {
        try
        {
            await foreach (var message in channel.ToWorker.ReadAllAsync(cancellation))
            {
                await responseStream.WriteAsync(message, cancellation);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The worker hung up; the reading side reports it.
        }
    }
}
