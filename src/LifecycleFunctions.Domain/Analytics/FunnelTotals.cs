namespace LifecycleFunctions.Domain.Analytics;

/// <summary>Purchase totals over everyone classified: what the revenue, repeat-purchase and order-value KPIs are made of.</summary>
public sealed class FunnelTotals
{
    public int Customers { get; set; }
    public int RepeatCustomers { get; set; }
    public long Orders { get; set; }
    public decimal Revenue { get; set; }

    /// <summary>Customers with two or more orders over customers with at least one.</summary>
    public double? RepeatPurchaseRate => Customers == 0 ? null : (double)RepeatCustomers / Customers;

    public decimal? AverageOrderValue => Orders == 0 ? null : Math.Round(Revenue / Orders, 2);

    public void Add(int orders, decimal revenue)
    {
        if (orders <= 0)
        {
            return;
        }

        Customers++;
        RepeatCustomers += orders >= 2 ? 1 : 0;
        Orders += orders;
        Revenue += revenue;
    }

    public void Merge(FunnelTotals other)
    {
        Customers += other.Customers;
        RepeatCustomers += other.RepeatCustomers;
        Orders += other.Orders;
        Revenue += other.Revenue;
    }
}
