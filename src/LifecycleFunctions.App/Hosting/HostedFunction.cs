using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A function as the standalone host calls it: its class made from the app's services once, and its method's
/// parameters bound the way the worker binds them (the trigger's object, route values by name, the cancellation
/// token). The worker's own executor needs a worker's FunctionContext, which only the Functions host gives.
/// </summary>
public sealed class HostedFunction
{
    private readonly object? _target;
    private readonly Func<Invocation, object?>[] _arguments;

    public HostedFunction(FunctionDeclaration declaration, IServiceProvider services)
    {
        Declaration = declaration;
        var method = declaration.Method;
        _arguments = method.GetParameters().Select(p => Binder(declaration, p)).ToArray();
        var returns = method.ReturnType;
        if (declaration.IsHttp ? returns != typeof(Task<IResult>) : returns != typeof(Task))
        {
            throw new InvalidOperationException(
                $"{declaration.Name}: {declaration.Handler.Name}.{method.Name} returns {returns.Name}; the standalone host runs " +
                (declaration.IsHttp ? "HTTP functions returning Task<IResult>." : "queue and timer functions returning Task."));
        }

        _target = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, declaration.Handler);
    }

    public FunctionDeclaration Declaration { get; }

    public Task<IResult> InvokeHttpAsync(HttpContext context) =>
        (Task<IResult>)Invoke(new Invocation(context, null, null, context.RequestAborted));

    public Task InvokeQueueAsync(QueueMessage message, CancellationToken cancellationToken) =>
        (Task)Invoke(new Invocation(null, message, null, cancellationToken));

    public Task InvokeTimerAsync(TimerInfo timer, CancellationToken cancellationToken) =>
        (Task)Invoke(new Invocation(null, null, timer, cancellationToken));

    private object Invoke(Invocation invocation)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](invocation);
        }

        try
        {
            return Declaration.Method.Invoke(_target, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            // A method that throws before its first await: the function's own exception, as the worker would report it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static Func<Invocation, object?> Binder(FunctionDeclaration declaration, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return i => i.CancellationToken;
        }

        if (declaration.IsHttp && type == typeof(HttpRequest))
        {
            return i => i.Http!.Request;
        }

        if (declaration.IsHttp && type == typeof(string) && declaration.Trigger.Route is { } route
            && route.Contains("{" + parameter.Name, StringComparison.OrdinalIgnoreCase))
        {
            var name = parameter.Name!;
            return i => i.Http!.Request.RouteValues.TryGetValue(name, out var value) ? value as string : null;
        }

        if (declaration.IsQueue && type == typeof(QueueMessage))
        {
            return i => i.Message;
        }

        if (declaration.IsTimer && type == typeof(TimerInfo))
        {
            return i => i.Timer;
        }

        throw new InvalidOperationException(
            $"{declaration.Name}: the standalone host cannot bind parameter '{parameter.Name}' ({type.Name}) "
            + $"of a {declaration.Trigger.Type} function.");
    }

    private sealed record Invocation(HttpContext? Http, QueueMessage? Message, TimerInfo? Timer, CancellationToken CancellationToken);
}
