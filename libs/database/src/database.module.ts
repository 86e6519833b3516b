import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { usePreparedStatements } from '@app/common';
import { dataSourceOptions } from './data-source-options.js';

@Module({})
export class DatabaseModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(url, poolSize), retryAttempts: 3 }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            // The embedded server (PGlite) runs every connection on one session, where one
            // connection's prepared statement names would collide with another's: asked of the
            // server, so that a worker pointed at an embedded server knows it too.
            // A failure here closes the pool before the module's retry opens another.
            const [{ version }] = await dataSource
              .query<{ version: string }[]>('SELECT version()')
              .catch(async (error: unknown) => {
                await dataSource.destroy();
                throw error;
              });
            if (!version.includes('PGlite')) usePreparedStatements(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
